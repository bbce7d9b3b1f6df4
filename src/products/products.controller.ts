import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { ProductResponse } from './product.mapper';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('products')
@Authenticated({ admin: true })
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a product (identifiers, aliases, optional catalogue price)' })
  create(@Auth() auth: AuthContext, @Body() body: CreateProductDto): Promise<ProductResponse> {
    return this.products.create(auth.tenant.id, body);
  }

  @Get()
  list(@Auth() auth: AuthContext): Promise<ProductResponse[]> {
    return this.products.list(auth.tenant.id);
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<ProductResponse> {
    return this.products.get(auth.tenant.id, id);
  }

  @Patch(':id')
  update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateProductDto): Promise<ProductResponse> {
    return this.products.update(auth.tenant.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a product; 409 while an active rule set uses it' })
  async remove(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.products.delete(auth.tenant.id, id);
  }
}
